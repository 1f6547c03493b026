/** A credential's status as the table and the panel show it. */
export function StatusBadge({ phase, text }: { phase: string; text: string }) {
  return <span className={`status status-${phase.toLowerCase().replaceAll('_', '-')}`}>{text}</span>;
}

import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import {
  GraphQLError,
  Kind,
  Lexer,
  Source,
  TokenKind,
  TypeInfo,
  getNamedType,
  getNullableType,
  isListType,
  validate,
  visit,
  visitWithTypeInfo,
  parse,
  specifiedRules,
  type ArgumentNode,
  type DocumentNode,
  type GraphQLSchema,
  type FieldNode,
  type GraphQLField,
  type ValidationContext,
  type ValidationRule,
  type ValueNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { ConfigError } from '../config.js';
import { LIMITS } from '../domain/credential-filter.js';
import { MAX_NODE_IDS } from '../graphql/builder.js';

/**
 * Bounds on what one operation may ask for, checked before it runs (on HTTP, SSE and WebSocket
 * alike: they are validation rules and parse options of the enveloped engine). The defaults let
 * every operation of the SDK and the README through with room to spare; `test/security/query-cost`
 * runs those documents through these rules.
 */
export interface CostLimits {
  /** Off: no limit at all (benchmarks compare with and without). */
  enabled: boolean;
  /** Most tokens (names, punctuation, values) in a document; refused while parsing. */
  maxTokens: number;
  /** Deepest selection. */
  maxDepth: number;
  /** Most aliases in an operation. */
  maxAliases: number;
  /** Most directives in an operation. */
  maxDirectives: number;
  /** Highest estimated cost; see estimateDocument for how lists count. */
  maxCost: number;
  /** Deepest nesting of objects and lists in an input value, as a literal or in the variables. */
  maxInputDepth: number;
  /** Longest list in the variables (a literal list is bounded by maxTokens). */
  maxInputList: number;
}

export const defaultCostLimits: CostLimits = {
  enabled: true,
  maxTokens: 5000,
  maxDepth: 14,
  maxAliases: 30,
  maxDirectives: 20,
  maxCost: 10_000_000,
  maxInputDepth: 24,
  maxInputList: 5000,
};

/** How many items a list is assumed to hold when nothing in the operation says (environments, targets, …). */
export const ASSUMED_LIST_SIZE = 20;

const envNames: Record<Exclude<keyof CostLimits, 'enabled'>, string> = {
  maxTokens: 'CREDGATE_MAX_TOKENS',
  maxDepth: 'CREDGATE_MAX_DEPTH',
  maxAliases: 'CREDGATE_MAX_ALIASES',
  maxDirectives: 'CREDGATE_MAX_DIRECTIVES',
  maxCost: 'CREDGATE_MAX_COST',
  maxInputDepth: 'CREDGATE_MAX_INPUT_DEPTH',
  maxInputList: 'CREDGATE_MAX_INPUT_LIST',
};

/** Reads the limits from CREDGATE_MAX_* (and CREDGATE_COST_LIMITS=off); throws on a value that is not a positive integer. */
export function costLimitsFromEnv(env: NodeJS.ProcessEnv): CostLimits {
  const limits = { ...defaultCostLimits };
  for (const [key, name] of Object.entries(envNames) as [keyof typeof envNames, string][]) {
    const value = env[name];
    if (value === undefined || value === '') continue;
    const parsed = Number(value);
    if (!Number.isSafeInteger(parsed) || parsed < 1) throw new ConfigError(`${name} must be a positive integer, got "${value}"`);
    limits[key] = parsed;
  }
  const switchValue = env.CREDGATE_COST_LIMITS;
  if (switchValue !== undefined && switchValue !== '') {
    if (!['on', 'off', 'true', 'false'].includes(switchValue)) throw new ConfigError(`CREDGATE_COST_LIMITS must be on or off, got "${switchValue}"`);
    limits.enabled = switchValue === 'on' || switchValue === 'true';
  }
  return limits;
}

type LimitName = 'tokens' | 'depth' | 'aliases' | 'directives' | 'cost' | 'inputDepth' | 'inputList';

/** The refusal every limit answers with: a fixed text with numbers only, never a part of the document. */
function limitError(limit: LimitName, detail: string): GraphQLError {
  return new GraphQLError(`${detail} Ask for less in one operation.`, {
    extensions: { code: limit === 'inputDepth' || limit === 'inputList' ? 'BAD_USER_INPUT' : 'QUERY_TOO_COMPLEX', limit },
  });
}

/** graphql-armor's messages carry only its numbers; its "Syntax Error:" prefix would mislead. */
const armorDetail = (error: GraphQLError) =>
  error.message
    .replace(/^Syntax Error:\s*/, '')
    // ", found …" reads like graphql-js quoting a value, which error masking cuts.
    .replace(/, found ([\d.e+]+)\.$/, (_, found: string) => ` (this operation: ${Math.ceil(Number(found))}).`);

/** Armor reports through the validation context (a refused operation still gets every validation error once), or throws while parsing. */
const reportAs = (limit: LimitName) => ({
  propagateOnRejection: false,
  exposeLimits: true,
  onReject: [
    (context: ValidationContext | null, error: GraphQLError) => {
      const refusal = limitError(limit, armorDetail(error));
      if (context) context.reportError(refusal);
      else throw refusal;
    },
  ],
});

/**
 * The page size a field asks for: a literal `first`/`last`, the largest page for a variable
 * (its value is not known while validating, and validation is cached per document), the
 * argument's default, or null when the field has no page arguments.
 */
function pageSizeOf(node: FieldNode, field: GraphQLField<unknown, unknown>): number | null {
  const pageArgs = field.args.filter((arg) => arg.name === 'first' || arg.name === 'last');
  if (pageArgs.length === 0) return null;
  let size: number | null = null;
  for (const argument of node.arguments ?? []) {
    if (argument.name.value !== 'first' && argument.name.value !== 'last') continue;
    const value = argument.value;
    const given = value.kind === Kind.INT ? Number.parseInt(value.value, 10) : value.kind === Kind.VARIABLE ? LIMITS.maxPage : null;
    if (given !== null) size = Math.max(size ?? 0, given);
  }
  if (size !== null) return size;
  const defaults = pageArgs.map((arg) => arg.defaultValue).filter((v): v is number => typeof v === 'number');
  return defaults.length > 0 ? Math.max(...defaults) : LIMITS.defaultPage;
}

function listLength(value: ValueNode | undefined, fallback: number): number {
  return value?.kind === Kind.LIST ? value.values.length : fallback;
}

/**
 * How many times a field's selection is resolved for one parent: the page of a connection (its
 * edges then count once), the ids of `nodes`, a paged list's page, or ASSUMED_LIST_SIZE for any
 * other list of objects.
 */
function multiplierOf(node: FieldNode, field: GraphQLField<unknown, unknown>, parentTypeName: string | undefined): number {
  const page = pageSizeOf(node, field);
  if (page !== null) return page;
  if (!isListType(getNullableType(field.type))) return 1;
  if (field.name === 'edges' && parentTypeName?.endsWith('Connection')) return 1;
  if (field.name === 'nodes' && parentTypeName === 'Query') {
    return listLength(node.arguments?.find((a) => a.name.value === 'ids')?.value, MAX_NODE_IDS);
  }
  return ASSUMED_LIST_SIZE;
}

/**
 * The document as graphql-armor's cost estimate should see it. Armor multiplies a field's cost by
 * a literal `first`/`last` argument and knows nothing of variables or of lists without arguments,
 * so each field's arguments are replaced by one `first:` carrying its multiplier. The copy is only
 * ever estimated, never executed.
 */
function estimateDocument(context: ValidationContext) {
  const typeInfo = new TypeInfo(context.getSchema());
  return visit(
    context.getDocument(),
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const field = typeInfo.getFieldDef();
        const multiplier = field ? multiplierOf(node, field, typeInfo.getParentType()?.name) : 1;
        const first: ArgumentNode = {
          kind: Kind.ARGUMENT,
          name: { kind: Kind.NAME, value: 'first' },
          value: { kind: Kind.INT, value: String(multiplier) },
        };
        return { ...node, arguments: multiplier > 1 ? [first] : [] };
      },
    }),
  );
}

/** graphql-armor's cost limit over the estimate document (objects cost 2, scalars 1, ×1.5 per level, × list sizes). */
function listAwareCostRule(maxCost: number): ValidationRule {
  return (context) => ({
    Document: {
      enter() {
        const estimate = estimateDocument(context);
        validate(context.getSchema(), estimate, [costLimitRule({ maxCost, ignoreIntrospection: true, ...reportAs('cost') })]).forEach((error) =>
          context.reportError(error),
        );
        return false;
      },
    },
  });
}

/** Input objects and lists nested deeper than maxInputDepth in a literal. */
function inputDepthRule(maxInputDepth: number): ValidationRule {
  return (context) => {
    let depth = 0;
    let reported = false;
    const enter = () => {
      if (depth >= maxInputDepth) {
        if (!reported) context.reportError(limitError('inputDepth', `An input value nests deeper than ${maxInputDepth} levels.`));
        reported = true;
        return false;
      }
      depth += 1;
      return undefined;
    };
    const leave = () => {
      depth -= 1;
    };
    return { ObjectValue: { enter, leave }, ListValue: { enter, leave } };
  };
}

/**
 * What is wrong with the shape of a JSON value (the variables): objects and lists nested deeper
 * than maxDepth, or a list longer than maxList. Iterative, so no input can exhaust the stack; it
 * runs before graphql-js coerces the variables (recursively, and item by item).
 */
export function inputShapeProblem(value: unknown, maxDepth: number, maxList: number): { limit: 'inputDepth' | 'inputList'; message: string } | null {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (depth >= maxDepth) return { limit: 'inputDepth', message: `The variables nest deeper than ${maxDepth} levels.` };
    if (Array.isArray(current) && current.length > maxList) return { limit: 'inputList', message: `A list in the variables holds more than ${maxList} items.` };
    for (const child of Array.isArray(current) ? current : Object.values(current)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return null;
}

const opening = new Set<string>([TokenKind.BRACE_L, TokenKind.BRACKET_L, TokenKind.PAREN_L]);
const closing = new Set<string>([TokenKind.BRACE_R, TokenKind.BRACKET_R, TokenKind.PAREN_R]);

/**
 * graphql-js parses recursively: a document nested a few thousand levels deep (a selection, an
 * input literal) exhausts the stack before armor's token count stops it. The lexer is iterative,
 * so nesting is measured with it first; past `maxTokens` the scan stops and armor refuses.
 */
function nestingTooDeep(source: string, maxNesting: number, maxTokens: number): boolean {
  const lexer = new Lexer(new Source(source));
  let depth = 0;
  for (let tokens = 0; tokens <= maxTokens; tokens += 1) {
    let token;
    try {
      token = lexer.advance();
    } catch {
      return false; // a syntax error: the parser reports it
    }
    if (token.kind === TokenKind.EOF) return false;
    if (opening.has(token.kind)) depth += 1;
    else if (closing.has(token.kind)) depth -= 1;
    if (depth > maxNesting) return true;
  }
  return false;
}

/** The envelop plugins that enforce the limits; none when they are turned off. */
export function costLimitPlugins(limits: CostLimits, options: { hideSuggestions: boolean }): Plugin[] {
  if (!limits.enabled) return [];
  const variablesTooDeep = (variables: unknown) => {
    const problem = variables === undefined || variables === null ? null : inputShapeProblem(variables, limits.maxInputDepth, limits.maxInputList);
    return problem ? { errors: [limitError(problem.limit, problem.message)] } : null;
  };
  return [
    EnvelopArmorPlugin({
      blockFieldSuggestion: { enabled: options.hideSuggestions },
      maxTokens: { n: limits.maxTokens, ...reportAs('tokens') },
      maxDepth: { n: limits.maxDepth, ignoreIntrospection: true, ...reportAs('depth') },
      maxAliases: { n: limits.maxAliases, ...reportAs('aliases') },
      maxDirectives: { n: limits.maxDirectives, ...reportAs('directives') },
      costLimit: { enabled: false },
    }) as Plugin,
    {
      onParse({ params }) {
        // Selections within maxDepth hold input values within maxInputDepth, inside argument parentheses.
        const maxNesting = limits.maxDepth + limits.maxInputDepth + 2;
        const source = typeof params.source === 'string' ? params.source : params.source.body;
        if (nestingTooDeep(source, maxNesting, limits.maxTokens)) {
          throw limitError('depth', `The document nests brackets deeper than ${maxNesting} levels.`);
        }
      },
      onValidate({ addValidationRule }) {
        addValidationRule(listAwareCostRule(limits.maxCost));
        addValidationRule(inputDepthRule(limits.maxInputDepth));
      },
      // Variables are coerced inside execute, recursively: their depth is checked before that.
      onExecute({ args, setResultAndStopExecution }) {
        const refusal = variablesTooDeep(args.variableValues);
        if (refusal) setResultAndStopExecution(refusal);
      },
      onSubscribe({ args, setResultAndStopExecution }) {
        const refusal = variablesTooDeep(args.variableValues);
        if (refusal) setResultAndStopExecution(refusal);
      },
    },
  ];
}

/**
 * Parses and validates a document exactly as the server does (graphql's rules and the limits'),
 * outside a server: the tests check the SDK's and the README's operations with it.
 */
export function checkDocument(schema: GraphQLSchema, source: string, limits: CostLimits): readonly GraphQLError[] {
  const rules: ValidationRule[] = [...specifiedRules];
  let parseFn: (source: string) => DocumentNode = (text) => parse(text);
  type ParseHook = (p: { params: { source: string }; setParseFn: (fn: (source: string) => DocumentNode) => void }) => void;
  const parseHooks: ParseHook[] = [];
  const collect = (plugin: Plugin) => {
    const hooks = plugin as {
      onPluginInit?: (p: { addPlugin: (p: Plugin) => void }) => void;
      onParse?: ParseHook;
      onValidate?: (p: { addValidationRule: (rule: ValidationRule) => void }) => void;
    };
    hooks.onPluginInit?.({ addPlugin: collect });
    if (hooks.onParse) parseHooks.push(hooks.onParse);
    hooks.onValidate?.({ addValidationRule: (rule) => rules.push(rule) });
  };
  costLimitPlugins(limits, { hideSuggestions: false }).forEach(collect);
  let document: DocumentNode;
  try {
    for (const hook of parseHooks) hook({ params: { source }, setParseFn: (fn) => (parseFn = fn) });
    document = parseFn(source);
  } catch (error) {
    if (error instanceof GraphQLError) return [error];
    throw error;
  }
  return validate(schema, document, rules);
}

CREATE TABLE `credential_status_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`credential_id` text NOT NULL,
	`sequence` integer NOT NULL,
	`previous_phase` text,
	`phase` text NOT NULL,
	`reason` text,
	`message` text,
	`at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `credential_status_events_sequence` ON `credential_status_events` (`credential_id`,`sequence`);--> statement-breakpoint
CREATE TABLE `propagation_targets` (
	`credential_id` text NOT NULL,
	`cluster_id` text NOT NULL,
	`namespace` text NOT NULL,
	`state` text NOT NULL,
	`issue` text,
	`message` text,
	`synced_generation` integer,
	`synced_at` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`credential_id`, `cluster_id`, `namespace`),
	FOREIGN KEY (`credential_id`) REFERENCES `credentials`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`cluster_id`) REFERENCES `clusters`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `propagation_targets_cluster` ON `propagation_targets` (`cluster_id`,`namespace`);
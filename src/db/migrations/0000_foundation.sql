CREATE TABLE `accounts` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `audit_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` text NOT NULL,
	`actor` text NOT NULL,
	`action` text NOT NULL,
	`target_type` text NOT NULL,
	`target_id` text,
	`target_name` text,
	`outcome` text NOT NULL,
	`detail` text
);
--> statement-breakpoint
CREATE INDEX `audit_events_at` ON `audit_events` (`at`);--> statement-breakpoint
CREATE TABLE `clusters` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`kubeconfig_path` text,
	`context` text,
	`embedded` integer DEFAULT false NOT NULL,
	`manage_namespaces` integer DEFAULT true NOT NULL,
	`version` text,
	`connection` text DEFAULT 'UNKNOWN' NOT NULL,
	`connection_message` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `clusters_name_unique` ON `clusters` (lower("name"));--> statement-breakpoint
CREATE TABLE `credential_secrets` (
	`credential_id` text PRIMARY KEY NOT NULL,
	`key_id` text NOT NULL,
	`nonce` blob NOT NULL,
	`ciphertext` blob NOT NULL,
	`auth_tag` blob NOT NULL,
	`data_hash` text NOT NULL,
	FOREIGN KEY (`credential_id`) REFERENCES `credentials`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `credentials` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`description` text,
	`type` text NOT NULL,
	`scope_type` text NOT NULL,
	`scope_id` text NOT NULL,
	`cluster_id` text,
	`kubernetes_name` text NOT NULL,
	`origin` text NOT NULL,
	`existing_secret_name` text,
	`existing_secret_namespace` text,
	`keys` text NOT NULL,
	`generation` integer DEFAULT 1 NOT NULL,
	`phase` text DEFAULT 'CREATING' NOT NULL,
	`status_reason` text,
	`status_message` text,
	`status_updated_at` text NOT NULL,
	`deleting_since` text,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_by` text,
	`updated_at` text,
	FOREIGN KEY (`cluster_id`) REFERENCES `clusters`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `credentials_scope_name_unique` ON `credentials` (`scope_type`,`scope_id`,lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX `credentials_kubernetes_name_unique` ON `credentials` (`kubernetes_name`);--> statement-breakpoint
CREATE INDEX `credentials_created_at` ON `credentials` (`created_at`);--> statement-breakpoint
CREATE INDEX `credentials_cluster` ON `credentials` (`cluster_id`);--> statement-breakpoint
CREATE TABLE `data_sources` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`description` text,
	`scope_type` text NOT NULL,
	`scope_id` text NOT NULL,
	`credential_id` text,
	`settings` text NOT NULL,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`credential_id`) REFERENCES `credentials`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `data_sources_scope_name_unique` ON `data_sources` (`scope_type`,`scope_id`,lower("name"));--> statement-breakpoint
CREATE INDEX `data_sources_credential` ON `data_sources` (`credential_id`);--> statement-breakpoint
CREATE TABLE `departments` (
	`id` text PRIMARY KEY NOT NULL,
	`cluster_id` text NOT NULL,
	`name` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`cluster_id`) REFERENCES `clusters`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `departments_cluster_name_unique` ON `departments` (`cluster_id`,lower("name"));--> statement-breakpoint
CREATE TABLE `environment_variables` (
	`environment_id` text NOT NULL,
	`position` integer NOT NULL,
	`name` text NOT NULL,
	`value` text,
	`credential_id` text,
	`credential_key` text,
	PRIMARY KEY(`environment_id`, `position`),
	FOREIGN KEY (`environment_id`) REFERENCES `environments`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`credential_id`) REFERENCES `credentials`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `environment_variables_credential` ON `environment_variables` (`credential_id`);--> statement-breakpoint
CREATE TABLE `environments` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`description` text,
	`scope_type` text NOT NULL,
	`scope_id` text NOT NULL,
	`image` text NOT NULL,
	`image_pull_credential_id` text,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`image_pull_credential_id`) REFERENCES `credentials`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `environments_scope_name_unique` ON `environments` (`scope_type`,`scope_id`,lower("name"));--> statement-breakpoint
CREATE INDEX `environments_pull_credential` ON `environments` (`image_pull_credential_id`);--> statement-breakpoint
CREATE TABLE `projects` (
	`id` text PRIMARY KEY NOT NULL,
	`department_id` text NOT NULL,
	`cluster_id` text NOT NULL,
	`name` text NOT NULL,
	`namespace` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`department_id`) REFERENCES `departments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`cluster_id`) REFERENCES `clusters`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `projects_cluster_name_unique` ON `projects` (`cluster_id`,lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX `projects_cluster_namespace_unique` ON `projects` (`cluster_id`,`namespace`);--> statement-breakpoint
CREATE INDEX `projects_department` ON `projects` (`department_id`);
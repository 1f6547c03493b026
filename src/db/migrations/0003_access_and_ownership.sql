CREATE TABLE `access_rules` (
	`id` text PRIMARY KEY NOT NULL,
	`subject_type` text NOT NULL,
	`subject` text NOT NULL,
	`role` text NOT NULL,
	`scope_type` text NOT NULL,
	`scope_id` text NOT NULL,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `access_rules_unique` ON `access_rules` (`subject_type`,`subject`,`role`,`scope_type`,`scope_id`);--> statement-breakpoint
CREATE INDEX `access_rules_scope` ON `access_rules` (`scope_type`,`scope_id`);--> statement-breakpoint
CREATE TABLE `api_tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`name` text NOT NULL,
	`hash` text NOT NULL,
	`hint` text NOT NULL,
	`expires_at` text,
	`revoked_at` text,
	`last_used_at` text,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_tokens_hash_unique` ON `api_tokens` (`hash`);--> statement-breakpoint
CREATE INDEX `api_tokens_user` ON `api_tokens` (`user_id`);--> statement-breakpoint
CREATE TABLE `installation_settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`disabled_at` text,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_kind_name_unique` ON `users` (`kind`,lower("name"));--> statement-breakpoint
ALTER TABLE `clusters` ADD `kube_system_uid` text;--> statement-breakpoint
ALTER TABLE `clusters` ADD `kubeconfig_key_id` text;--> statement-breakpoint
ALTER TABLE `clusters` ADD `kubeconfig_nonce` blob;--> statement-breakpoint
ALTER TABLE `clusters` ADD `kubeconfig_ciphertext` blob;--> statement-breakpoint
ALTER TABLE `clusters` ADD `kubeconfig_auth_tag` blob;--> statement-breakpoint
CREATE UNIQUE INDEX `clusters_kube_system_uid_unique` ON `clusters` (`kube_system_uid`);
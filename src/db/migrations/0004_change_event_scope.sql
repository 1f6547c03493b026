ALTER TABLE `credential_change_events` ADD `scope_type` text;--> statement-breakpoint
ALTER TABLE `credential_change_events` ADD `scope_id` text;--> statement-breakpoint
ALTER TABLE `credential_change_events` ADD `cluster_id` text;
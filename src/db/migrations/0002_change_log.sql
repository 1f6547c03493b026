CREATE TABLE `credential_change_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`credential_id` text NOT NULL,
	`change` text NOT NULL,
	`at` text NOT NULL
);

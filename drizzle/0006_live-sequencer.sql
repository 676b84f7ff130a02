CREATE SEQUENCE "public"."live_events_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "execution_counters" (
	"pipeline_id" uuid PRIMARY KEY NOT NULL,
	"last_index" integer NOT NULL
);
--> statement-breakpoint
-- Each pipeline continues from its highest execution number.
INSERT INTO "execution_counters" ("pipeline_id", "last_index") SELECT "pipeline_id", max("index") FROM "executions" GROUP BY "pipeline_id";--> statement-breakpoint
DROP INDEX "live_events_topic_idx";--> statement-breakpoint
ALTER TABLE "live_events" ADD COLUMN "seq" bigint;--> statement-breakpoint
-- Rows written before the sequencer existed keep their order: their id becomes their seq.
UPDATE "live_events" SET "seq" = "id";--> statement-breakpoint
SELECT setval('"public"."live_events_seq"', coalesce(max("id"), 0) + 1, false) FROM "live_events";--> statement-breakpoint
CREATE UNIQUE INDEX "live_events_seq_idx" ON "live_events" USING btree ("seq");--> statement-breakpoint
CREATE INDEX "live_events_topic_seq_idx" ON "live_events" USING btree ("topic","seq");--> statement-breakpoint
CREATE INDEX "live_events_unsequenced_idx" ON "live_events" USING btree ("id") WHERE seq is null;
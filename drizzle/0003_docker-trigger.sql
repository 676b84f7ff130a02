CREATE TABLE "docker_webhooks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"endpoint_id" uuid NOT NULL,
	"pipeline_id" uuid NOT NULL,
	"repo_namespace" text NOT NULL,
	"repo_name" text NOT NULL,
	"tag_pattern" text DEFAULT '*' NOT NULL,
	"inputs" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"api_token_id" uuid,
	"enabled" boolean DEFAULT true NOT NULL,
	"secure_token_enc" text NOT NULL,
	"secure_token_hash" text NOT NULL,
	"sync_state" text DEFAULT 'NOT_SYNCED' NOT NULL,
	"sync_message" text DEFAULT '' NOT NULL,
	"synced_at" timestamp with time zone,
	"hub_repository" text,
	"hub_slug" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "registry_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"webhook_id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"repository" text,
	"tag" text,
	"images" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"owner" text,
	"pushed_at" text,
	"callback_url" text,
	"payload" jsonb,
	"result" text NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"execution_id" uuid,
	"resubmitted_from" uuid,
	"dedupe_key" text,
	"callback" jsonb
);
--> statement-breakpoint
ALTER TABLE "docker_webhooks" ADD CONSTRAINT "docker_webhooks_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "docker_webhooks" ADD CONSTRAINT "docker_webhooks_endpoint_id_endpoints_id_fk" FOREIGN KEY ("endpoint_id") REFERENCES "public"."endpoints"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "docker_webhooks" ADD CONSTRAINT "docker_webhooks_api_token_id_api_tokens_id_fk" FOREIGN KEY ("api_token_id") REFERENCES "public"."api_tokens"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "docker_webhooks" ADD CONSTRAINT "docker_webhooks_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry_events" ADD CONSTRAINT "registry_events_webhook_id_docker_webhooks_id_fk" FOREIGN KEY ("webhook_id") REFERENCES "public"."docker_webhooks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry_events" ADD CONSTRAINT "registry_events_execution_id_executions_id_fk" FOREIGN KEY ("execution_id") REFERENCES "public"."executions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "docker_webhooks_project_name_idx" ON "docker_webhooks" USING btree ("project_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "docker_webhooks_secure_token_idx" ON "docker_webhooks" USING btree ("secure_token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "registry_events_dedupe_idx" ON "registry_events" USING btree ("webhook_id","dedupe_key");--> statement-breakpoint
CREATE INDEX "registry_events_project_idx" ON "registry_events" USING btree ("project_id","received_at");--> statement-breakpoint
CREATE INDEX "registry_events_webhook_idx" ON "registry_events" USING btree ("webhook_id","received_at");--> statement-breakpoint
CREATE INDEX "registry_events_execution_idx" ON "registry_events" USING btree ("execution_id");
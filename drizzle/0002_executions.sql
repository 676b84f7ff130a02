CREATE TABLE "execution_logs" (
	"task_id" uuid PRIMARY KEY NOT NULL,
	"execution_id" uuid NOT NULL,
	"content" text DEFAULT '' NOT NULL,
	"truncated" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "execution_tasks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"execution_id" uuid NOT NULL,
	"stage" text NOT NULL,
	"task" text NOT NULL,
	"type" text NOT NULL,
	"stage_index" integer NOT NULL,
	"group_index" integer NOT NULL,
	"status" text DEFAULT 'NOT_STARTED' NOT NULL,
	"input" jsonb,
	"output" jsonb,
	"message" text,
	"attempt" integer DEFAULT 0 NOT NULL,
	"expires_at" timestamp with time zone,
	"started_at" timestamp with time zone,
	"ended_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "executions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"pipeline_id" uuid NOT NULL,
	"pipeline_name" text NOT NULL,
	"index" integer NOT NULL,
	"status" text DEFAULT 'QUEUED' NOT NULL,
	"inputs" jsonb NOT NULL,
	"outputs" jsonb,
	"trigger" jsonb NOT NULL,
	"started_by" uuid,
	"pipeline" jsonb NOT NULL,
	"concurrency" integer DEFAULT 10 NOT NULL,
	"stages" jsonb NOT NULL,
	"message" text,
	"cancel_requested" boolean DEFAULT false NOT NULL,
	"claimed_by" text,
	"claim_token" uuid,
	"lease_until" timestamp with time zone,
	"wake_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "jobs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"payload" jsonb NOT NULL,
	"status" text DEFAULT 'PENDING' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"max_attempts" integer DEFAULT 8 NOT NULL,
	"run_at" timestamp with time zone DEFAULT now() NOT NULL,
	"locked_by" text,
	"locked_until" timestamp with time zone,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "execution_logs" ADD CONSTRAINT "execution_logs_task_id_execution_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."execution_tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "execution_logs" ADD CONSTRAINT "execution_logs_execution_id_executions_id_fk" FOREIGN KEY ("execution_id") REFERENCES "public"."executions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "execution_tasks" ADD CONSTRAINT "execution_tasks_execution_id_executions_id_fk" FOREIGN KEY ("execution_id") REFERENCES "public"."executions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "executions" ADD CONSTRAINT "executions_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "executions" ADD CONSTRAINT "executions_started_by_users_id_fk" FOREIGN KEY ("started_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "execution_tasks_uq" ON "execution_tasks" USING btree ("execution_id","stage","task");--> statement-breakpoint
CREATE UNIQUE INDEX "executions_pipeline_index_uq" ON "executions" USING btree ("pipeline_id","index");--> statement-breakpoint
CREATE INDEX "executions_project_created_idx" ON "executions" USING btree ("project_id","created_at","id");--> statement-breakpoint
CREATE INDEX "executions_created_idx" ON "executions" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "executions_claim_idx" ON "executions" USING btree ("created_at") WHERE status in ('QUEUED','RUNNING','WAITING','CANCELING');--> statement-breakpoint
CREATE INDEX "executions_pipeline_status_idx" ON "executions" USING btree ("pipeline_id","status");--> statement-breakpoint
CREATE INDEX "jobs_due_idx" ON "jobs" USING btree ("status","run_at");
CREATE TABLE "k8s_manifests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"pipeline_id" uuid NOT NULL,
	"stage" text NOT NULL,
	"task" text NOT NULL,
	"execution_id" uuid NOT NULL,
	"execution_index" integer NOT NULL,
	"endpoint" text NOT NULL,
	"manifests" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "k8s_manifests" ADD CONSTRAINT "k8s_manifests_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "k8s_manifests_task_idx" ON "k8s_manifests" USING btree ("pipeline_id","stage","task","created_at");
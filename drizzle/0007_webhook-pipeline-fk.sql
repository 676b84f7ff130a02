-- NOT VALID: enforced for every new or changed row; a webhook left pointing at a deleted pipeline by
-- the old check-then-delete race is kept (its deliveries are recorded as FAILED) instead of failing
-- the upgrade.
ALTER TABLE "docker_webhooks" ADD CONSTRAINT "docker_webhooks_pipeline_id_pipelines_id_fk" FOREIGN KEY ("pipeline_id") REFERENCES "public"."pipelines"("id") ON DELETE no action ON UPDATE no action NOT VALID;

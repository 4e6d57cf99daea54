-- A brand may already hold two sources at one URL (nothing refused it before): the later ones are set
-- aside, disabled and marked, so the index can be built and nothing is deleted.
UPDATE "sources" s SET "enabled" = false, "url" = s."url" || '#duplicate-' || s."id"
  WHERE s."url" IS NOT NULL AND EXISTS (SELECT 1 FROM "sources" t WHERE t."brand_id" = s."brand_id" AND t."url" = s."url" AND t."id" < s."id");--> statement-breakpoint
CREATE UNIQUE INDEX "sources_brand_url_unique" ON "sources" USING btree ("brand_id","url") WHERE url is not null;

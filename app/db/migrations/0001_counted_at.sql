ALTER TABLE "mentions" ADD COLUMN "counted_at" timestamp with time zone;--> statement-breakpoint
-- Rows stored before this column existed keep the moment they counted for until now.
UPDATE "mentions" SET "counted_at" = CASE WHEN "published_at" IS NOT NULL AND "published_at" <= "collected_at" THEN "published_at" ELSE "collected_at" END;--> statement-breakpoint
ALTER TABLE "mentions" ALTER COLUMN "counted_at" SET NOT NULL;--> statement-breakpoint
CREATE INDEX "mentions_brand_counted_idx" ON "mentions" USING btree ("brand_id","counted_at");

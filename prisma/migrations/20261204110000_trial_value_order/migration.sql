-- Pages of trials by value are index ranges on (sweep_id, value, number), as read by
-- packages/db/src/trial-pages.ts.
-- DropIndex
DROP INDEX "trials_sweep_id_value_idx";

-- CreateIndex
CREATE INDEX "trials_sweep_id_value_number_idx" ON "trials"("sweep_id", "value", "number");

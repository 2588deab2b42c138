-- Worker pools (issue 4): the trial's interruption reason, the pool's stored limits and its
-- events, and the index behind the pool's demand count and busy-worker lookup.
-- AlterTable
ALTER TABLE "trials" ADD COLUMN     "interruption" TEXT;

-- CreateTable
CREATE TABLE "worker_pools" (
    "name" TEXT NOT NULL,
    "min_workers" INTEGER NOT NULL,
    "max_workers" INTEGER NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "worker_pools_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "pool_events" (
    "id" BIGSERIAL NOT NULL,
    "pool" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "worker" TEXT,
    "trial_id" UUID,
    "message" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pool_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "pool_events_pool_id_idx" ON "pool_events"("pool", "id" DESC);

-- CreateIndex
CREATE INDEX "trials_state_worker_id_idx" ON "trials"("state", "worker_id");


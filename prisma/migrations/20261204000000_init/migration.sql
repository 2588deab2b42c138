-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "SweepState" AS ENUM ('RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "TrialState" AS ENUM ('QUEUED', 'RUNNING', 'COMPLETED', 'PRUNED', 'FAILED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "Direction" AS ENUM ('MINIMIZE', 'MAXIMIZE');

-- CreateEnum
CREATE TYPE "PromotionState" AS ENUM ('NONE', 'PENDING', 'DONE', 'FAILED');

-- CreateTable
CREATE TABLE "sweeps" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "spec" JSONB NOT NULL,
    "state" "SweepState" NOT NULL DEFAULT 'RUNNING',
    "state_reason" TEXT,
    "seed" INTEGER NOT NULL,
    "objective_metric" TEXT NOT NULL,
    "direction" "Direction" NOT NULL,
    "max_trials" INTEGER NOT NULL,
    "max_failed_trials" INTEGER NOT NULL,
    "parallelism" INTEGER NOT NULL,
    "trials_created" INTEGER NOT NULL DEFAULT 0,
    "best_trial_id" UUID,
    "best_value" DOUBLE PRECISION,
    "promotion_state" "PromotionState" NOT NULL DEFAULT 'NONE',
    "promoted_version" INTEGER,
    "promotion_error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "sweeps_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "trials" (
    "id" UUID NOT NULL,
    "sweep_id" UUID NOT NULL,
    "number" INTEGER NOT NULL,
    "state" "TrialState" NOT NULL DEFAULT 'QUEUED',
    "params" JSONB NOT NULL,
    "attempt" INTEGER NOT NULL DEFAULT 1,
    "worker_id" TEXT,
    "dispatched_at" TIMESTAMPTZ(3),
    "value" DOUBLE PRECISION,
    "last_step" INTEGER,
    "error" TEXT,
    "artifact_key" TEXT,
    "artifact_digest" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "trials_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "trial_metrics" (
    "id" BIGSERIAL NOT NULL,
    "trial_id" UUID NOT NULL,
    "attempt" INTEGER NOT NULL,
    "step" INTEGER NOT NULL,
    "values" JSONB NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "trial_metrics_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "model_versions" (
    "version" INTEGER NOT NULL,
    "trial_id" UUID NOT NULL,
    "sweep_id" UUID NOT NULL,
    "artifact_key" TEXT NOT NULL,
    "artifact_digest" TEXT NOT NULL,
    "metric" TEXT NOT NULL,
    "objective_value" DOUBLE PRECISION NOT NULL,
    "promoted_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "model_versions_pkey" PRIMARY KEY ("version")
);

-- CreateIndex
CREATE INDEX "sweeps_state_idx" ON "sweeps"("state");

-- CreateIndex
CREATE INDEX "sweeps_created_at_idx" ON "sweeps"("created_at" DESC);

-- CreateIndex
CREATE INDEX "trials_sweep_id_state_idx" ON "trials"("sweep_id", "state");

-- CreateIndex
CREATE INDEX "trials_sweep_id_value_idx" ON "trials"("sweep_id", "value");

-- CreateIndex
CREATE UNIQUE INDEX "trials_sweep_id_number_key" ON "trials"("sweep_id", "number");

-- CreateIndex
CREATE UNIQUE INDEX "trial_metrics_trial_id_attempt_step_key" ON "trial_metrics"("trial_id", "attempt", "step");

-- CreateIndex
CREATE UNIQUE INDEX "model_versions_trial_id_artifact_digest_key" ON "model_versions"("trial_id", "artifact_digest");

-- AddForeignKey
ALTER TABLE "trials" ADD CONSTRAINT "trials_sweep_id_fkey" FOREIGN KEY ("sweep_id") REFERENCES "sweeps"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "trial_metrics" ADD CONSTRAINT "trial_metrics_trial_id_fkey" FOREIGN KEY ("trial_id") REFERENCES "trials"("id") ON DELETE CASCADE ON UPDATE CASCADE;


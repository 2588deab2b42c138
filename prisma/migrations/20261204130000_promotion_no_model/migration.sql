-- A completed sweep whose trials produce no model (command and synthetic trials) has
-- nothing to promote: NO_MODEL says so, where FAILED would report a fault.
-- AlterEnum
ALTER TYPE "PromotionState" ADD VALUE 'NO_MODEL';

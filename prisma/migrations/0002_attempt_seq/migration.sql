-- AlterTable
ALTER TABLE "Submission" ADD COLUMN "attemptSeq" INTEGER;

-- Existing graded-mode submissions keep counting: number them in order.
UPDATE "Submission" SET "attemptSeq" = (
  SELECT COUNT(*) FROM "Submission" AS s
  WHERE s."userId" = "Submission"."userId" AND s."exerciseId" = "Submission"."exerciseId" AND s."mode" = 'submit'
    AND (s."createdAt" < "Submission"."createdAt" OR (s."createdAt" = "Submission"."createdAt" AND s."id" <= "Submission"."id"))
) WHERE "mode" = 'submit';

-- CreateIndex
CREATE UNIQUE INDEX "Submission_userId_exerciseId_attemptSeq_key" ON "Submission"("userId", "exerciseId", "attemptSeq");

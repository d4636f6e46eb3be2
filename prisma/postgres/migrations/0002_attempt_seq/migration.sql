-- AlterTable
ALTER TABLE "Submission" ADD COLUMN     "attemptSeq" INTEGER;

-- CreateTable
CREATE TABLE "ExerciseStart" (
    "userId" TEXT NOT NULL,
    "exerciseId" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ExerciseStart_pkey" PRIMARY KEY ("userId","exerciseId")
);

-- CreateIndex
CREATE UNIQUE INDEX "Submission_userId_exerciseId_attemptSeq_key" ON "Submission"("userId", "exerciseId", "attemptSeq");

-- AddForeignKey
ALTER TABLE "ExerciseStart" ADD CONSTRAINT "ExerciseStart_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExerciseStart" ADD CONSTRAINT "ExerciseStart_exerciseId_fkey" FOREIGN KEY ("exerciseId") REFERENCES "Exercise"("id") ON DELETE CASCADE ON UPDATE CASCADE;


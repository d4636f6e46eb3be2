-- Session versions (sign out everywhere), linked OAuth identities, per-hour limits
-- on visible-test runs and numeric answers, and how uploaded weights are ranked.
-- Written offline with `prisma migrate diff --from-schema-datamodel OLD --to-schema-datamodel NEW --script`.
-- CreateTable
CREATE TABLE "OAuthAccount" (
    "provider" TEXT NOT NULL,
    "providerAccountId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("provider", "providerAccountId"),
    CONSTRAINT "OAuthAccount_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_User" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "passwordHash" TEXT,
    "role" TEXT NOT NULL DEFAULT 'student',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sessionVersion" INTEGER NOT NULL DEFAULT 0
);
INSERT INTO "new_User" ("createdAt", "email", "id", "name", "passwordHash", "role") SELECT "createdAt", "email", "id", "name", "passwordHash", "role" FROM "User";
DROP TABLE "User";
ALTER TABLE "new_User" RENAME TO "User";
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");
CREATE TABLE "new_Exercise" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "title" TEXT NOT NULL,
    "week" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "points" REAL NOT NULL,
    "version" TEXT NOT NULL,
    "meta" TEXT NOT NULL,
    "source" TEXT NOT NULL DEFAULT 'files',
    "archived" BOOLEAN NOT NULL DEFAULT false,
    "deadline" DATETIME,
    "lateWindowHours" REAL NOT NULL DEFAULT 0,
    "latePenaltyPercentPerDay" REAL NOT NULL DEFAULT 0,
    "maxAttempts" INTEGER,
    "cooldownMinutes" REAL NOT NULL DEFAULT 0,
    "dailyCap" INTEGER,
    "revealPrivate" BOOLEAN NOT NULL DEFAULT false,
    "updatedAt" DATETIME NOT NULL,
    "visibleRunsPerHour" INTEGER NOT NULL DEFAULT 30,
    "answersPerHour" INTEGER NOT NULL DEFAULT 10,
    "uploadedWeightsBoard" TEXT NOT NULL DEFAULT 'apart'
);
INSERT INTO "new_Exercise" ("archived", "cooldownMinutes", "dailyCap", "deadline", "id", "kind", "latePenaltyPercentPerDay", "lateWindowHours", "maxAttempts", "meta", "points", "revealPrivate", "source", "title", "updatedAt", "version", "week") SELECT "archived", "cooldownMinutes", "dailyCap", "deadline", "id", "kind", "latePenaltyPercentPerDay", "lateWindowHours", "maxAttempts", "meta", "points", "revealPrivate", "source", "title", "updatedAt", "version", "week" FROM "Exercise";
DROP TABLE "Exercise";
ALTER TABLE "new_Exercise" RENAME TO "Exercise";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "OAuthAccount_userId_idx" ON "OAuthAccount"("userId");


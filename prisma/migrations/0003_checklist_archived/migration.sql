-- AlterTable: items that left the course file are hidden, not deleted (deleting would drop students' progress).
ALTER TABLE "ChecklistItem" ADD COLUMN "archived" BOOLEAN NOT NULL DEFAULT false;

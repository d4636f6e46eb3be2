-- AlterTable
ALTER TABLE "ChecklistItem" ADD COLUMN     "archived" BOOLEAN NOT NULL DEFAULT false;


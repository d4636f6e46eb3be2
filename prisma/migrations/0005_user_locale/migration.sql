-- The interface language a user chose with the header switch (en | vi); null = follow the browser.
ALTER TABLE "User" ADD COLUMN "locale" TEXT;

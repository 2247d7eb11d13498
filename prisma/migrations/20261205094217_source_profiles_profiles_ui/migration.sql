-- AlterTable
ALTER TABLE "UploadBatch" ADD COLUMN     "profile" JSONB,
ADD COLUMN     "profileId" TEXT;

-- AlterTable
ALTER TABLE "UploadFile" ADD COLUMN     "alsoTable" TEXT;

-- CreateTable
CREATE TABLE "SourceProfile" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "profile" JSONB NOT NULL,
    "fingerprints" JSONB NOT NULL DEFAULT '[]',
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SourceProfile_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "SourceProfile_name_key" ON "SourceProfile"("name");

-- AddForeignKey
ALTER TABLE "UploadBatch" ADD CONSTRAINT "UploadBatch_profileId_fkey" FOREIGN KEY ("profileId") REFERENCES "SourceProfile"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SourceProfile" ADD CONSTRAINT "SourceProfile_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

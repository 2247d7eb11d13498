-- AlterEnum
ALTER TYPE "RunStatus" ADD VALUE 'held';

-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "gate" JSONB,
ADD COLUMN     "heartbeatAt" TIMESTAMP(3),
ADD COLUMN     "ownerId" TEXT;

-- CreateTable
CREATE TABLE "Setting" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "updatedById" TEXT,

    CONSTRAINT "Setting_pkey" PRIMARY KEY ("key")
);

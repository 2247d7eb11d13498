import type { Role } from "../auth/roles";

export interface UserDto {
  id: string;
  email: string;
  name: string | null;
  role: Role;
  active: boolean;
  createdAt: string;
  lastLoginAt: string | null;
}

export const toUserDto = (u: { id: string; email: string; name: string | null; role: Role; active: boolean; createdAt: Date; lastLoginAt: Date | null }): UserDto => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
  active: u.active,
  createdAt: u.createdAt.toISOString(),
  lastLoginAt: u.lastLoginAt ? u.lastLoginAt.toISOString() : null,
});

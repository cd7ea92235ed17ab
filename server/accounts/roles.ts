/** Staff roles. Residents have no account: they are the anonymous caller. */
export const roles = ['admin', 'planner', 'dispatcher', 'worker', 'auditor', 'leader'] as const;
export type Role = (typeof roles)[number];

export type Viewer =
  | { kind: 'anonymous' }
  | {
      kind: 'user';
      userId: number;
      username: string;
      displayName: string;
      role: Role;
      /** For role 'worker': the workers row and the grid they currently serve (null if vacant). */
      workerId: number | null;
      currentGridId: number | null;
      sessionTokenHash: string;
      csrfToken: string;
      mustChangePassword: boolean;
    };

export type UserViewer = Extract<Viewer, { kind: 'user' }>;

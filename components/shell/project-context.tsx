'use client';

import { useQuery } from '@tanstack/react-query';
import {
  createContext,
  useContext,
  useMemo,
  useState,
  useSyncExternalStore,
  type ReactNode,
} from 'react';
import { apiFetchAll } from '@/lib/client/api';
import type { ProjectDto } from '@/lib/schemas/project';

interface ProjectState {
  projects: ProjectDto[];
  current: ProjectDto | undefined;
  setCurrent: (id: string) => void;
  isLoading: boolean;
  error: unknown;
}

const Ctx = createContext<ProjectState | undefined>(undefined);
const KEY = 'slipway.project';

export const projectsQueryKey = ['projects'] as const;

export function useProjectsQuery() {
  return useQuery({
    queryKey: projectsQueryKey,
    queryFn: () => apiFetchAll<ProjectDto>('/api/v1/projects'),
  });
}

/** The project switcher's choice, remembered per browser. */
export function ProjectProvider({ children }: { children: ReactNode }) {
  const q = useProjectsQuery();
  const stored = useSyncExternalStore(
    () => () => undefined,
    () => localStorage.getItem(KEY) ?? undefined,
    () => undefined,
  );
  const [chosen, setCurrentId] = useState<string | undefined>(undefined);
  const currentId = chosen ?? stored;
  const value = useMemo<ProjectState>(() => {
    const projects = q.data ?? [];
    const current = projects.find((p) => p.id === currentId) ?? projects[0];
    return {
      projects,
      current,
      isLoading: q.isLoading,
      error: q.error,
      setCurrent: (id) => {
        localStorage.setItem(KEY, id);
        setCurrentId(id);
      },
    };
  }, [q.data, q.isLoading, q.error, currentId]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useCurrentProject(): ProjectState {
  const v = useContext(Ctx);
  if (!v) throw new Error('useCurrentProject outside ProjectProvider');
  return v;
}

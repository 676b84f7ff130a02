import { ProjectList } from '@/components/projects/project-list';

export const metadata = { title: 'Projects' };

export default function ProjectsPage() {
  return <ProjectList />;
}

import { ExecutionsList } from '@/components/executions/executions-list';

export const metadata = { title: 'Executions' };

export default function Page() {
  return <ExecutionsList />;
}

import { ExecutionView } from '@/components/executions/execution-view';

export const metadata = { title: 'Execution' };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <ExecutionView id={id} />;
}

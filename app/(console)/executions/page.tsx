import { ComingSoon } from '@/components/shell/coming-soon';

export const metadata = { title: 'Executions' };

export default function Page() {
  return <ComingSoon title="Executions" what="Pipeline runs will be listed here, live." />;
}

import { VariableList } from '@/components/variables/variable-list';

export const metadata = { title: 'Variables' };

export default function VariablesPage() {
  return <VariableList />;
}

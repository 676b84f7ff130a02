import { TokenList } from '@/components/tokens/token-list';

export const metadata = { title: 'API tokens' };

export default function TokensPage() {
  return <TokenList />;
}

import { formatRupiah, type Rupiah } from '../../domain/money.ts';

export function Money({ value, className }: { value: Rupiah; className?: string }) {
  return <span className={className ? `money ${className}` : 'money'}>{formatRupiah(value)}</span>;
}

// The product form in a dialog: create or edit. The domain's rules are
// checked here before sending (errors beside each field) and the server's
// refusals land on the field they name (a taken barcode names the other product).
import { useState, type FormEvent } from 'react';
import { Button, Dialog, Form, Heading, Label, Modal, ModalOverlay, Radio, RadioGroup } from 'react-aria-components';
import { productProblems, type ProductDraft, type ProductField, type ProductTax } from '../../../../domain/product-rules.ts';
import type { AdminProduct, ProductList, ProductSaved } from '../../../../protocol/products.ts';
import { useT } from '../../../i18n/use-t.ts';
import { createProduct, nextBarcode, updateProduct } from '../../../sync/product-api.ts';
import { LongText, Picker, Suggest, TextInput, Tick, WholeNumber } from './controls.tsx';
import { formProblemText, refusalOnForm } from './product-words.ts';

interface FormState {
  name: string;
  sku: string;
  barcode: string;
  category: string;
  producerId: string | null;
  price: number;
  cost: number;
  unit: string;
  tax: ProductTax;
  consigned: boolean;
  active: boolean;
  story: string;
  storyOnReceipt: boolean;
}

function initial(p: AdminProduct | null, producers: ProductList['producers']): FormState {
  if (p) {
    return { name: p.name, sku: p.sku, barcode: p.barcode ?? '', category: p.category, producerId: p.producerId, price: p.price, cost: p.cost ?? Number.NaN, unit: p.unit, tax: p.tax, consigned: p.consigned, active: p.active, story: p.story ?? '', storyOnReceipt: p.storyOnReceipt };
  }
  const first = producers[0];
  return { name: '', sku: '', barcode: '', category: '', producerId: null, price: Number.NaN, cost: Number.NaN, unit: 'pcs', tax: 'ppn', consigned: first?.consignment ?? true, active: true, story: '', storyOnReceipt: false };
}

const FIELDS = ['name', 'sku', 'barcode', 'category', 'producerId', 'price', 'cost', 'unit', 'story'] as const;

export function ProductForm({ product, lists, onClose, onSaved }: { product: AdminProduct | null; lists: ProductList; onClose: () => void; onSaved: (saved: ProductSaved) => void }) {
  const t = useT();
  const [f, setF] = useState<FormState>(() => initial(product, lists.producers));
  const [consignedTouched, setConsignedTouched] = useState(product !== null);
  const [errors, setErrors] = useState<Partial<Record<ProductField, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState<'save' | 'code' | null>(null);
  const set = <K extends keyof FormState>(key: K, value: FormState[K]) => setF((s) => ({ ...s, [key]: value }));

  const draft = (): ProductDraft => ({
    name: f.name.trim(),
    sku: f.sku.trim(),
    barcode: f.barcode.trim() === '' ? null : f.barcode.trim(),
    category: f.category.trim(),
    producerId: f.producerId ?? '',
    price: Number.isNaN(f.price) ? -1 : f.price,
    cost: Number.isNaN(f.cost) ? null : f.cost,
    unit: f.unit.trim(),
    tax: f.tax,
    story: f.story.trim() === '' ? null : f.story.trim(),
  });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const d = draft();
    const problems = productProblems(d);
    const next: Partial<Record<ProductField, string>> = {};
    for (const p of problems) next[p.field] = p.field === 'price' && Number.isNaN(f.price) ? t('prodProblemRequired') : formProblemText(t, p);
    setErrors(next);
    setFormError(null);
    if (problems.length > 0) return;
    setBusy('save');
    try {
      const body = { ...d, active: f.active, consigned: f.consigned, storyOnReceipt: f.storyOnReceipt };
      const saved = product === null ? await createProduct(body) : await updateProduct(product.id, body);
      onSaved(saved);
    } catch (err) {
      const { field, text } = refusalOnForm(t, err);
      const known = FIELDS.find((x) => x === field);
      if (known) setErrors({ [known]: text });
      else setFormError(t('productNotSaved', { reason: text }));
    } finally {
      setBusy(null);
    }
  };

  const makeCode = async () => {
    setBusy('code');
    try {
      set('barcode', await nextBarcode());
      setErrors((e) => ({ ...e, barcode: undefined }));
    } catch (err) {
      setErrors((e) => ({ ...e, barcode: refusalOnForm(t, err).text }));
    } finally {
      setBusy(null);
    }
  };

  const producers = lists.producers.map((p) => ({ id: p.id, name: p.name }));
  return (
    <ModalOverlay isOpen isDismissable onOpenChange={(open) => (open ? undefined : onClose())} className="modal-overlay">
      <Modal className="modal product-modal">
        <Dialog aria-labelledby="product-form-title">
          <Heading slot="title" id="product-form-title">
            {product === null ? t('productFormNew') : t('productFormEdit')}
          </Heading>
          <Form onSubmit={(e) => void submit(e)} validationBehavior="aria" className="product-form">
            <TextInput label={t('productName')} value={f.name} onChange={(v) => set('name', v)} error={errors.name} autoFocus />
            <div className="form-row">
              <TextInput label={t('productSku')} value={f.sku} onChange={(v) => set('sku', v)} error={errors.sku} hint={t('productSkuHint')} />
              <div className="with-action">
                <TextInput label={t('productBarcode')} value={f.barcode} onChange={(v) => set('barcode', v.replace(/\s+/g, ''))} error={errors.barcode} hint={t('productBarcodeHint')} inputMode="numeric" />
                <Button className="button secondary" onPress={() => void makeCode()} isDisabled={busy !== null}>
                  {busy === 'code' ? t('productMakingCode') : t('productMakeCode')}
                </Button>
              </div>
            </div>
            <div className="form-row">
              <Suggest label={t('productCategory')} value={f.category} onChange={(v) => set('category', v)} options={lists.categories} error={errors.category} toggleLabel={t('productCategory')} />
              <Picker
                label={t('productProducer')}
                value={f.producerId}
                placeholder={t('productChooseProducer')}
                choices={producers}
                error={errors.producerId}
                onChange={(id) => {
                  set('producerId', id);
                  // Consigned follows the producer's terms until someone decides otherwise.
                  if (!consignedTouched) set('consigned', lists.producers.find((p) => p.id === id)?.consignment ?? f.consigned);
                }}
              />
            </div>
            <div className="form-row">
              <WholeNumber label={t('productPrice')} value={f.price} onChange={(v) => set('price', v)} error={errors.price} />
              <WholeNumber label={t('productCost')} value={f.cost} onChange={(v) => set('cost', v)} error={errors.cost} />
              <TextInput label={t('productUnit')} value={f.unit} onChange={(v) => set('unit', v)} error={errors.unit} />
            </div>
            <RadioGroup className="field" value={f.tax} onChange={(v) => set('tax', v === 'exempt' ? 'exempt' : 'ppn')}>
              <Label>{t('productTax')}</Label>
              <Radio value="ppn" className="tick">
                {t('productTaxPpn')}
              </Radio>
              <Radio value="exempt" className="tick">
                {t('productTaxExempt')}
              </Radio>
            </RadioGroup>
            <Tick
              value={f.consigned}
              onChange={(v) => {
                setConsignedTouched(true);
                set('consigned', v);
              }}
            >
              {t('productConsigned')}
            </Tick>
            <Tick value={f.active} onChange={(v) => set('active', v)}>
              {t('productActive')}
            </Tick>
            <LongText label={t('productStory')} value={f.story} onChange={(v) => set('story', v)} error={errors.story} hint={t('productStoryHint')} />
            <Tick value={f.storyOnReceipt} onChange={(v) => set('storyOnReceipt', v)}>
              {t('productStoryOnReceipt')}
            </Tick>
            {formError ? (
              <p role="alert" className="error">
                {formError}
              </p>
            ) : null}
            <div className="actions">
              <Button type="submit" className="button primary" isDisabled={busy !== null}>
                {busy === 'save' ? t('productSaving') : t('productSave')}
              </Button>
              <Button className="button secondary" onPress={onClose}>
                {t('productsCancel')}
              </Button>
            </div>
          </Form>
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}

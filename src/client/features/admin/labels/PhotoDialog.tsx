// A product's photo: choose a picture, see it shrunk to what will be stored,
// save it. Exported for the product form to open too (features/admin).
import { useRef, useState } from 'react';
import { Button, Dialog, DialogTrigger, FileTrigger, Heading, Modal, ModalOverlay } from 'react-aria-components';
import { PHOTO_MAX_BYTES, PHOTO_MAX_SIDE, type PhotoUploadResponse } from '../../../../protocol/labels.ts';
import { useT } from '../../../i18n/use-t.ts';
import { managementErrorText } from '../../../shared/services/management-session.ts';
import { removeProductPhoto, uploadProductPhoto } from '../../../sync/labels-api.ts';
import { encodePhoto, PhotoError, type EncodedPhoto } from './photo-resize.ts';
import './labels.css';

export interface PhotoProduct {
  readonly productId: string;
  readonly name: string;
  readonly imageUrl: string | null;
}

export interface PhotoDialogProps {
  readonly product: PhotoProduct;
  /** After the server stored it: the product's new image URL. */
  readonly onSaved?: (saved: PhotoUploadResponse) => void;
  /** After the server took the photo off the product. */
  readonly onRemoved?: (productId: string) => void;
  /** How a chosen file becomes WebP; the canvas one by default (tests give another). */
  readonly encode?: (file: Blob, canvas: HTMLCanvasElement) => Promise<EncodedPhoto>;
  /** The trigger's text; "Foto" by default. */
  readonly triggerLabel?: string;
}

type Status = { kind: 'idle' } | { kind: 'removed' } | { kind: 'ready'; photo: EncodedPhoto } | { kind: 'saving'; photo: EncodedPhoto } | { kind: 'saved'; imageUrl: string } | { kind: 'error'; text: string };

/** A button that opens the photo dialog of one product. */
export function PhotoDialog({ product, onSaved, onRemoved, encode = encodePhoto, triggerLabel }: PhotoDialogProps) {
  const t = useT();
  return (
    <DialogTrigger>
      <Button className="button" aria-label={t('labelsPhoto', { name: product.name })}>
        {triggerLabel ?? t('labelsPhotoShort')}
      </Button>
      <ModalOverlay className="photo-overlay" isDismissable>
        <Modal className="photo-modal">
          <Dialog className="photo-dialog">
            {({ close }) => <PhotoForm product={product} encode={encode} onSaved={onSaved} onRemoved={onRemoved} close={close} />}
          </Dialog>
        </Modal>
      </ModalOverlay>
    </DialogTrigger>
  );
}

function PhotoForm({ product, encode, onSaved, onRemoved, close }: Required<Pick<PhotoDialogProps, 'product' | 'encode'>> & Pick<PhotoDialogProps, 'onSaved' | 'onRemoved'> & { close: () => void }) {
  const t = useT();
  const canvas = useRef<HTMLCanvasElement>(null);
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const [current, setCurrent] = useState(product.imageUrl);

  const choose = async (files: FileList | null) => {
    const file = files?.[0];
    if (!file || !canvas.current) return;
    try {
      setStatus({ kind: 'ready', photo: await encode(file, canvas.current) });
    } catch (e) {
      if (!(e instanceof PhotoError)) throw e;
      const p = e.problem;
      setStatus({ kind: 'error', text: p.kind === 'no-webp' ? t('photoNoWebp') : p.kind === 'unreadable' ? t('photoUnreadable') : t('photoTooLargeLocal', { kb: p.kb, max: PHOTO_MAX_BYTES / 1024 }) });
    }
  };

  const save = async (photo: EncodedPhoto) => {
    setStatus({ kind: 'saving', photo });
    try {
      const saved = await uploadProductPhoto(product.productId, photo.base64);
      setCurrent(saved.imageUrl);
      setStatus({ kind: 'saved', imageUrl: saved.imageUrl });
      onSaved?.(saved);
    } catch (e) {
      setStatus({ kind: 'error', text: t('photoFailed', { reason: managementErrorText(t, e) }) });
    }
  };

  const remove = async () => {
    try {
      await removeProductPhoto(product.productId);
      setCurrent(null);
      setStatus({ kind: 'removed' });
      onRemoved?.(product.productId);
    } catch (e) {
      setStatus({ kind: 'error', text: t('photoFailed', { reason: managementErrorText(t, e) }) });
    }
  };

  const photo = status.kind === 'ready' || status.kind === 'saving' ? status.photo : null;
  return (
    <div className="photo-form">
      <Heading slot="title">{t('photoTitle', { name: product.name })}</Heading>
      <p>{t('photoHelp', { side: PHOTO_MAX_SIDE })}</p>
      <div className="photo-row">
        <figure>
          <figcaption>{t('photoCurrent')}</figcaption>
          {current ? <img src={current} alt={t('labelsPhoto', { name: product.name })} width={96} height={96} /> : <p>{t('photoNone')}</p>}
        </figure>
        <figure hidden={photo === null}>
          <figcaption>{t('photoPreview')}</figcaption>
          <canvas ref={canvas} className="photo-preview" role="img" aria-label={t('photoPreview')} />
          {photo ? <p>{t('photoSize', { width: photo.width, height: photo.height, kb: Math.max(1, Math.round(photo.bytes / 1024)) })}</p> : null}
        </figure>
      </div>
      <div className="photo-actions">
        <FileTrigger acceptedFileTypes={['image/*']} onSelect={(files) => void choose(files)}>
          <Button className="button">{t('photoChoose')}</Button>
        </FileTrigger>
        <Button className="button primary" isDisabled={photo === null || status.kind === 'saving'} onPress={() => photo && void save(photo)}>
          {status.kind === 'saving' ? t('photoUploading') : t('photoUpload')}
        </Button>
        {current ? (
          <Button className="button" isDisabled={status.kind === 'saving'} onPress={() => void remove()}>
            {t('photoRemove')}
          </Button>
        ) : null}
        <Button className="button" onPress={close}>
          {t('photoClose')}
        </Button>
      </div>
      {status.kind === 'saved' ? <p role="status">{t('photoSaved')}</p> : null}
      {status.kind === 'removed' ? <p role="status">{t('photoRemoved')}</p> : null}
      {status.kind === 'error' ? (
        <p role="alert" className="error">
          {status.text}
        </p>
      ) : null}
    </div>
  );
}

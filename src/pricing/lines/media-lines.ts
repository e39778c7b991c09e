import { ImageSpec, VideoSpec } from '../usage-document';
import { LineSink } from './line-sink';

/** Generated images, at the most specific image meter the model is priced by. */
export function addImages(b: LineSink, x: ImageSpec, p: string): void {
  const ref = b.model(x.model, x.region, `${p}.model`);
  const quality = x.quality ?? 'standard';
  const priced = new Set(b.catalog.metersOf(ref.item));
  const candidates = [x.size ? `image-${quality}-${x.size}` : undefined, `image-${quality}`, 'image'].filter((m): m is string => m !== undefined);
  const meter = candidates.find(m => priced.has(m));
  if (meter === undefined) {
    const sized = [...priced].filter(m => m.startsWith(`image-${quality}-`));
    throw b.error(
      x.size || sized.length === 0 ? `${p}.model` : `${p}.size`,
      sized.length > 0 && !x.size ? 'is needed: the model is priced by image size' : `has no ${quality} image price${x.size ? ` for size ${x.size}` : ''}`,
      x.size ?? x.model,
      sized.length > 0 ? `Give size: ${sized.map(m => m.split('-').pop()).join(' or ')}.` : `Priced meters: ${[...priced].join(', ') || 'none'}.`,
    );
  }
  b.add(ref.item, meter, ref, b.q(x.count, `${p}.count`), `images (${meter.replace(/^image-?/, '') || 'any size'})`, true, p);
}

/** Generated video, per second at a resolution. */
export function addVideo(b: LineSink, x: VideoSpec, p: string): void {
  const ref = b.model(x.model, x.region, `${p}.model`);
  b.add(ref.item, `video-seconds-${x.resolution}`, ref, b.q(x.seconds, `${p}.seconds`), `video seconds (${x.resolution})`, true, p);
}

// The trace decoder thread of the parse worker: decodes a large trace's generations ahead of
// the parse worker, which orders them (src/parse/trace/decode-ahead.ts).
import { serveGenerationDecoder, type DecoderMessage } from '../src/parse/trace/decode-ahead';

serveGenerationDecoder({
  post: (message, transfer) => self.postMessage(message, { transfer }),
  listen: (handler) => {
    self.onmessage = (e: MessageEvent<DecoderMessage>) => handler(e.data);
  },
});

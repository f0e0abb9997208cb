import { startTestApp, type TestApp } from '../../fakes/testApp';

describe('web pages', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('GET / is a Vietnamese page that loads Web Chat from this server, not a CDN', async () => {
    const res = await fetch(`${t.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await res.text();
    expect(html).toContain('<html lang="vi">');
    expect(html).toContain('Hỏi đáp cùng Đồng hành');
    expect(html).toContain('<script src="/static/webchat.js"></script>');
    expect(html).not.toMatch(/https?:\/\/(?!localhost|127\.0\.0\.1)[^"']*\.js/);
    // The copy-paste snippet names this server.
    expect(html).toContain(`${t.url}/widget.js`);
  });

  it('serves the official Web Chat bundle, compressed for phones', async () => {
    const res = await fetch(`${t.url}/static/webchat.js`, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    expect(res.headers.get('content-encoding')).toBe('gzip');
    const text = await res.text();
    expect(text.length).toBeGreaterThan(1_000_000);
    expect(text).toContain('renderWebChat');
  });

  it('serves the widget script, chat script and styles', async () => {
    for (const path of ['/widget.js', '/static/chat.js', '/static/chat.css']) {
      const res = await fetch(`${t.url}${path}`);
      expect(res.status).toBe(200);
    }
    const widget = await (await fetch(`${t.url}/widget.js`)).text();
    expect(widget).toContain('data');
    expect(widget).toContain('/embed?');
  });

  it('the embed page puts query values in safely: no markup, no script, only a real colour', async () => {
    const title = encodeURIComponent('</title><script>alert(1)</script>');
    const commune = encodeURIComponent('"});alert(1);//</script>');
    const res = await fetch(`${t.url}/embed?title=${title}&color=red;background:url(x)&commune=${commune}`);
    const html = await res.text();
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).not.toContain('"});alert(1);//</script>');
    expect(html).toContain('--dh-accent: #0b5394;');
    expect(html).toContain('&lt;/title&gt;');
  });

  it('the embed page keeps a valid colour and commune', async () => {
    const html = await (await fetch(`${t.url}/embed?color=%237a1f1f&commune=${encodeURIComponent('Xã Định Hòa')}`)).text();
    expect(html).toContain('--dh-accent: #7a1f1f;');
    expect(html).toContain('commune: "Xã Định Hòa"');
  });

  it('sends scripts uncompressed to clients that do not accept gzip', async () => {
    const res = await fetch(`${t.url}/static/webchat.js`, { headers: { 'Accept-Encoding': 'identity' } });
    expect(res.headers.get('content-encoding')).toBeNull();
    expect((await res.text()).length).toBeGreaterThan(1_000_000);
  });
});

import { describe, expect, it } from 'vitest';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { NextIntlClientProvider } from 'next-intl';
import en from '../../../messages/en.json';
import vi from '../../../messages/vi.json';
import { ModelForm } from '../../../app/ui/model-form';
import { ZMnistSettings } from '../../../lib/model/settings';

// The form must promise the cap that submit enforces: the exercise row's, which the
// instructor edits, not the YAML's starting value.
const render = (dailyCap: number | null, locale: 'en' | 'vi' = 'en') =>
  renderToStaticMarkup(
    createElement(NextIntlClientProvider, {
      locale,
      timeZone: 'UTC',
      messages: locale === 'en' ? en : vi,
      children: createElement(ModelForm, { exerciseId: 'mnist-challenge', starter: '', settings: ZMnistSettings.parse({ dailyCap: 5 }), dailyCap }),
    }),
  );

describe('ModelForm daily cap', () => {
  it("shows the exercise row's cap, not the YAML's", () => {
    expect(render(3)).toContain('You can submit 3 models per day.');
    expect(render(1)).toContain('You can submit 1 model per day.');
  });
  it('says so when the instructor removed the cap', () => {
    const html = render(null);
    expect(html).toContain('There is no daily limit on submissions.');
    expect(html).not.toMatch(/submit 5 models/);
  });
});

describe('ModelForm in Vietnamese', () => {
  it('translates the cap and the buttons and writes numbers the Vietnamese way', () => {
    const html = render(3, 'vi');
    expect(html).toContain('Bạn có thể nộp 3 mô hình mỗi ngày.');
    expect(html).toContain('Nộp để huấn luyện');
    expect(html).not.toContain('Submit for training');
    // The parameter budget is grouped with dots in Vietnamese (e.g. 1.000.000), with commas in English.
    const budget = ZMnistSettings.parse({}).budgets.maxParams;
    expect(html).toContain(new Intl.NumberFormat('vi').format(budget));
    expect(render(3)).toContain(new Intl.NumberFormat('en').format(budget));
  });
});

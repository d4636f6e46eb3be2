import { describe, expect, it } from 'vitest';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { ModelForm } from '../../../app/ui/model-form';
import { ZMnistSettings } from '../../../lib/model/settings';

// The form must promise the cap that submit enforces: the exercise row's, which the
// instructor edits, not the YAML's starting value.
const render = (dailyCap: number | null) =>
  renderToStaticMarkup(createElement(ModelForm, { exerciseId: 'mnist-challenge', starter: '', settings: ZMnistSettings.parse({ dailyCap: 5 }), dailyCap }));

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

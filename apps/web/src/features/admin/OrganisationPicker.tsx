import 'accessible-autocomplete/dist/accessible-autocomplete.min.css';
import './organisation-picker.scss';
import Autocomplete from 'accessible-autocomplete/react';
import { type RefObject, useEffect, useRef, useState } from 'react';
import { formProblems } from '../../api/problem';
import { useT } from '../../i18n/i18n';
import { type FieldProps, FormGroup } from '../../ui/FormGroup';
import { type Organisation, searchOrganisations } from './admin-api';

/** Characters typed before the first search: one letter would match most of a registry. */
const MIN_LENGTH = 2;
/** Wait this long after a key press before searching, so typing a name sends one request, not one per letter. */
const PAUSE_MS = 150;

const shown = (organisation: Organisation) => `${organisation.name} (${organisation.code})`;

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * A search-as-you-type organisation field (alphagov's accessible-autocomplete, an ARIA combobox): the
 * API finds organisations by part of their name or ODS/ONS code, so every organisation of a registry of
 * thousands can be chosen. It shows name and code and gives `onChange` the organisation's id ('' until
 * one is chosen, and again once the text is changed). The label, hint and error are NHS.UK's, and the
 * input names the hint and error in aria-describedby as every other field does.
 */
export function OrganisationPicker({ id, label, hint, error, value, onChange }: FieldProps & { value: string; onChange: (organisationId: string) => void }) {
  const { t } = useT();
  const [searchProblem, setSearchProblem] = useState<string | undefined>();
  // The component keeps its own text: when the form clears or changes the choice itself (after a grant),
  // it starts again empty.
  const [chosen, setChosen] = useState(value);
  const [generation, setGeneration] = useState(0);
  if (value !== chosen) {
    setChosen(value);
    setGeneration((n) => n + 1);
  }
  const choose = (organisationId: string) => {
    setChosen(organisationId);
    if (organisationId !== value) onChange(organisationId);
  };

  const pending = useRef<{ timer?: number; abort?: AbortController }>({});
  useEffect(() => () => cancel(pending.current), []);
  const source = (query: string, populate: (results: Organisation[]) => void) => {
    cancel(pending.current);
    const abort = new AbortController();
    pending.current = {
      abort,
      timer: window.setTimeout(() => {
        searchOrganisations(query, abort.signal).then(
          (found) => {
            setSearchProblem(undefined);
            populate(found);
          },
          (problem: unknown) => {
            if (abort.signal.aborted) return;
            // The API names `q` (too long, a control character): said beside this field, in its words.
            setSearchProblem(formProblems(problem, { fallback: id, fieldOf: { q: id }, labels: { [id]: label } })[id]);
            populate([]);
          },
        );
      }, PAUSE_MS),
    };
  };

  const shownError = error ?? searchProblem;
  const group = useRef<HTMLDivElement>(null);
  return (
    <FormGroup id={id} label={label} hint={hint ?? t('admin.organisation.hint')} error={shownError}>
      {(aria) => (
        <div
          ref={group}
          className="pp-organisation-picker"
          // Typing after a choice undoes it: the id sent must be the organisation the field shows.
          onChange={() => choose('')}
        >
          <DescribedBy container={group} inputId={id} describedBy={aria['aria-describedby']} invalid={Boolean(aria['aria-invalid'])} generation={generation} />
          <Autocomplete<Organisation>
            key={generation}
            id={id}
            name={id}
            minLength={MIN_LENGTH}
            confirmOnBlur={false}
            inputClasses="nhsuk-input"
            source={source}
            onConfirm={(organisation) => organisation && choose(organisation.id)}
            templates={{
              inputValue: (organisation) => (organisation ? shown(organisation) : ''),
              suggestion: (organisation) =>
                typeof organisation === 'string'
                  ? escapeHtml(organisation)
                  : `${escapeHtml(organisation.name)} <span class="pp-organisation-picker__code">${escapeHtml(organisation.code)}</span>`,
            }}
            tNoResults={() => t('admin.organisation.noResults')}
            tStatusNoResults={() => t('admin.organisation.noResults')}
            tStatusQueryTooShort={(n) => t('admin.organisation.tooShort', { n })}
            tStatusSelectedOption={(option, count, index) => t('admin.organisation.highlighted', { option, position: index + 1, count })}
            tStatusResults={(count, highlighted) => t(count === 1 ? 'admin.organisation.results.one' : 'admin.organisation.results.other', { count, highlighted })}
            tAssistiveHint={() => t('admin.organisation.howTo')}
          />
        </div>
      )}
    </FormGroup>
  );
}

function cancel(pending: { timer?: number; abort?: AbortController }) {
  window.clearTimeout(pending.timer);
  pending.abort?.abort();
}

/**
 * accessible-autocomplete sets the input's aria-describedby to its own instructions, or removes it,
 * as the text changes (alphagov/accessible-autocomplete#332, #752): this puts the field's hint and
 * error back in front each time, and marks the input invalid with its error.
 */
function DescribedBy({ container, inputId, describedBy, invalid, generation }: { container: RefObject<HTMLDivElement | null>; inputId: string; describedBy: string | undefined; invalid: boolean; generation: number }) {
  useEffect(() => {
    const input = container.current?.querySelector<HTMLInputElement>(`input#${CSS.escape(inputId)}`);
    if (!input) return;
    const ours = describedBy?.split(' ') ?? [];
    const apply = () => {
      const current = input.getAttribute('aria-describedby');
      const wanted = [...ours, ...(current ?? '').split(' ').filter((name) => name && !ours.includes(name))].join(' ');
      if (wanted && wanted !== current) input.setAttribute('aria-describedby', wanted);
    };
    apply();
    if (invalid) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
    const observer = new MutationObserver(apply);
    observer.observe(input, { attributes: true, attributeFilter: ['aria-describedby'] });
    return () => observer.disconnect();
  }, [container, inputId, describedBy, invalid, generation]);
  return null;
}

// accessible-autocomplete ships no types: these are the React build's props the web app uses
// (https://github.com/alphagov/accessible-autocomplete#api-documentation).
declare module 'accessible-autocomplete/react' {
  import type { ReactElement } from 'react';

  export interface AutocompleteProps<T> {
    id: string;
    source: (query: string, populateResults: (results: T[]) => void) => void;
    /** Called with the option chosen (Enter, click), or undefined when none is. */
    onConfirm?: (confirmed: T | undefined) => void;
    /** `suggestion`'s result is inserted as HTML. */
    templates?: { inputValue?: (option: T | undefined) => string; suggestion?: (option: T | string) => string };
    defaultValue?: string;
    minLength?: number;
    name?: string;
    confirmOnBlur?: boolean;
    showNoOptionsFound?: boolean;
    displayMenu?: 'inline' | 'overlay';
    inputClasses?: string;
    tNoResults?: () => string;
    tStatusQueryTooShort?: (minQueryLength: number) => string;
    tStatusNoResults?: () => string;
    tStatusSelectedOption?: (selectedOption: string, length: number, index: number) => string;
    tStatusResults?: (length: number, contentSelectedOption: string) => string;
    tAssistiveHint?: () => string;
  }

  export default function Autocomplete<T>(props: AutocompleteProps<T>): ReactElement;
}

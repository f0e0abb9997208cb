// natural's own typings describe only the package root; we import its submodules so that requiring it
// does not load every storage backend (and print dotenv tips on standard output). See DEVELOPERS.md.
declare module 'natural/lib/natural/tokenizers/aggressive_tokenizer_vi' {
  export default class AggressiveTokenizerVi {
    tokenize(text: string): string[];
  }
}
declare module 'natural/lib/natural/ngrams/ngrams' {
  export function bigrams(sequence: string[] | string): string[][];
  export function ngrams(sequence: string[] | string, n: number): string[][];
}

// The completion types (`CompletionCandidate`, `CompletionResult`, `CompletionDirective`) and the
// engine that finds Harbor data for them live in HarborCompletion, below the command layer;
// every command file describes its completions with them.
@_exported import HarborCompletion

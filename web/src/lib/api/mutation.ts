import { useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';

/** A mutation that refetches the listed queries once it succeeded (the API's answer is the truth, not a guess). */
export function useChange<I, O>(fn: (input: I) => Promise<O>, ...stale: QueryKey[]) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => Promise.all(stale.map((queryKey) => queryClient.invalidateQueries({ queryKey }))),
  });
}

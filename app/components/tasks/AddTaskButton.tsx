/** The add form's submit row, the same in both modes. */
export function AddTaskButton({ pending }: { pending: boolean }) {
  return (
    <p className="task-submit">
      <button className="button" type="submit" disabled={pending} data-testid="add-task">
        {pending ? "Adding…" : "Add task"}
      </button>
    </p>
  );
}

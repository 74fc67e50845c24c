import { TITLE_MAX, type FieldErrors } from "@/lib/tasks/input";

// The title and due date inputs with their errors beside them (the server's messages, in both modes).
// Uncontrolled: `values` are the defaults, so what the user typed comes back with the errors.
export function TaskFields({
  values,
  errors,
  idPrefix,
}: {
  values: { title?: string; dueDate?: string | null };
  errors?: FieldErrors;
  idPrefix: string;
}) {
  const titleError = errors?.title;
  const dueError = errors?.dueDate;
  return (
    <div className="task-fields">
      <label className="field field-grow">
        Title
        <input
          name="title"
          className="input"
          id={`${idPrefix}-title`}
          defaultValue={values.title ?? ""}
          maxLength={TITLE_MAX}
          aria-invalid={titleError ? true : undefined}
          aria-describedby={titleError ? `${idPrefix}-title-error` : undefined}
          data-testid="task-title-input"
        />
        {titleError ? (
          <span className="error" id={`${idPrefix}-title-error`} data-testid="title-error">
            {titleError}
          </span>
        ) : null}
      </label>
      <label className="field">
        Due date (optional)
        <input
          name="dueDate"
          className="input"
          type="date"
          id={`${idPrefix}-due`}
          defaultValue={values.dueDate ?? ""}
          aria-invalid={dueError ? true : undefined}
          aria-describedby={dueError ? `${idPrefix}-due-error` : undefined}
          data-testid="task-due-input"
        />
        {dueError ? (
          <span className="error" id={`${idPrefix}-due-error`} data-testid="due-error">
            {dueError}
          </span>
        ) : null}
      </label>
    </div>
  );
}

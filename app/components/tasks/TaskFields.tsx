import type { InputHTMLAttributes } from "react";
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
  return (
    <div className="task-fields">
      <Field
        label="Title"
        grow
        id={`${idPrefix}-title`}
        error={errors?.title}
        errorTestId="title-error"
        input={{ name: "title", defaultValue: values.title ?? "", maxLength: TITLE_MAX }}
        testId="task-title-input"
      />
      <Field
        label="Due date (optional)"
        id={`${idPrefix}-due`}
        error={errors?.dueDate}
        errorTestId="due-error"
        input={{ name: "dueDate", type: "date", defaultValue: values.dueDate ?? "" }}
        testId="task-due-input"
      />
    </div>
  );
}

function Field(props: {
  label: string;
  grow?: boolean;
  id: string;
  error?: string;
  errorTestId: string;
  input: InputHTMLAttributes<HTMLInputElement>;
  testId: string;
}) {
  const { label, id, error } = props;
  return (
    <label className={props.grow ? "field field-grow" : "field"}>
      {label}
      <input
        {...props.input}
        className="input"
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        data-testid={props.testId}
      />
      {error ? (
        <span className="error" id={`${id}-error`} data-testid={props.errorTestId}>
          {error}
        </span>
      ) : null}
    </label>
  );
}

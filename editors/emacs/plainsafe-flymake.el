;;; plainsafe-flymake.el --- Flymake backend for plainsafe  -*- lexical-binding: t; -*-

;; A Flymake backend that runs plainsafe on the buffer's current text (not the
;; saved file) and marks each finding over its exact span.
;;
;; Usage:
;;   (require 'plainsafe-flymake)
;;   (add-hook 'markdown-mode-hook #'plainsafe-flymake-setup)
;;   (add-hook 'text-mode-hook #'plainsafe-flymake-setup)

;;; Code:

(require 'flymake)
(require 'json)

(defgroup plainsafe nil
  "Plain-language checks for assessments."
  :group 'tools)

(defcustom plainsafe-program "plainsafe"
  "The plainsafe executable."
  :type 'string)

(defcustom plainsafe-args nil
  "Extra arguments for plainsafe, e.g. (\"--profile\" \"professional\")."
  :type '(repeat string))

(defvar-local plainsafe--process nil)

(defun plainsafe--type (severity)
  (pcase severity
    ("error" :error)
    ("warning" :warning)
    (_ :note)))

(defun plainsafe--position (line column)
  "Buffer position of 1-based LINE and 1-based character COLUMN."
  (save-excursion
    (goto-char (point-min))
    (forward-line (1- line))
    (min (line-end-position) (+ (point) (1- column)))))

(defun plainsafe--parse (source output)
  "Flymake diagnostics for SOURCE from plainsafe's JSON Lines OUTPUT."
  (let (diags)
    (dolist (line (split-string output "\n" t))
      (let ((obj (ignore-errors (json-parse-string line :object-type 'alist))))
        (when (and obj (equal (alist-get 'type obj) "diagnostic"))
          (with-current-buffer source
            (let* ((beg (plainsafe--position (alist-get 'line obj) (alist-get 'column obj)))
                   (end (plainsafe--position (alist-get 'end_line obj) (alist-get 'end_column obj))))
              (push (flymake-make-diagnostic
                     source beg (max end (1+ beg))
                     (plainsafe--type (alist-get 'severity obj))
                     (format "%s [%s]" (alist-get 'message obj) (alist-get 'rule obj)))
                    diags))))))
    (nreverse diags)))

(defun plainsafe-flymake (report-fn &rest _args)
  "Flymake backend: lint the buffer with plainsafe and call REPORT-FN."
  (unless (executable-find plainsafe-program)
    (error "Cannot find the plainsafe program"))
  (when (process-live-p plainsafe--process)
    (kill-process plainsafe--process))
  (let* ((source (current-buffer))
         (name (or (buffer-file-name) (buffer-name))))
    (save-restriction
      (widen)
      (setq plainsafe--process
            (make-process
             :name "plainsafe-flymake" :noquery t :connection-type 'pipe
             :buffer (generate-new-buffer " *plainsafe-flymake*")
             :command (append (list plainsafe-program "--format" "json" "--no-text")
                              plainsafe-args
                              (list "--stdin-filename" name "-"))
             :sentinel
             (lambda (proc _event)
               (when (memq (process-status proc) '(exit signal))
                 (unwind-protect
                     (if (with-current-buffer source (eq proc plainsafe--process))
                         (if (memq (process-exit-status proc) '(0 1))
                             (funcall report-fn
                                      (plainsafe--parse
                                       source (with-current-buffer (process-buffer proc) (buffer-string))))
                           (funcall report-fn :panic
                                    :explanation (with-current-buffer (process-buffer proc) (buffer-string))))
                       (flymake-log :warning "Canceling obsolete check %s" proc))
                   (kill-buffer (process-buffer proc)))))))
      (process-send-region plainsafe--process (point-min) (point-max))
      (process-send-eof plainsafe--process))))

;;;###autoload
(defun plainsafe-flymake-setup ()
  "Use plainsafe as a Flymake backend in this buffer and turn Flymake on."
  (add-hook 'flymake-diagnostic-functions #'plainsafe-flymake nil t)
  (flymake-mode 1))

(provide 'plainsafe-flymake)
;;; plainsafe-flymake.el ends here

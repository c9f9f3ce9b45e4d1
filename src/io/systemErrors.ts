/** A system error (reading or writing a file) in words a person can act on. */
export function systemErrorReason(err: unknown): string {
  switch ((err as NodeJS.ErrnoException).code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EDQUOT':
      return 'over the disk quota';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ELOOP':
      return 'a symbolic link that loops back on itself';
    case 'ENOTDIR':
      return 'a part of the path is a file, not a folder';
    case 'ENAMETOOLONG':
      return 'the name is too long';
    case 'EPIPE':
      return 'the pipe was closed before everything was written';
    default:
      return (err as Error).message;
  }
}

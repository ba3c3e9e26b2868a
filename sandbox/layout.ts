// Where everything lives inside a sandbox working dir. One place, so the servers, the watchdog and
// addUserToPasswdFile (possibly in another process) agree on the paths.
import path from 'node:path';

export interface Layout {
  dir: string;
  id: string; // distinguishes concurrent sandboxes in process lists, greetings and Dovecot's instance_name
  mailDomain: string;
  dovecotConf: string;
  dovecotLog: string;
  passwdFile: string;
  homeDir: string;
  tlsDir: string;
  postfixConfDir: string;
  postfixLog: string;
  redisDir: string;
  redisLog: string;
  groupsFile: string; // process groups for the watchdog
  infoFile: string; // sandbox.json
}

export function layoutFor(dir: string, id: string, mailDomain: string): Layout {
  return {
    dir,
    id,
    mailDomain,
    dovecotConf: path.join(dir, 'dovecot.conf'),
    dovecotLog: path.join(dir, 'dovecot.log'),
    passwdFile: path.join(dir, 'passwd'),
    homeDir: path.join(dir, 'home'),
    tlsDir: path.join(dir, 'tls'),
    postfixConfDir: path.join(dir, 'postfix', 'conf'),
    postfixLog: path.join(dir, 'postfix.log'),
    redisDir: path.join(dir, 'redis'),
    redisLog: path.join(dir, 'redis.log'),
    groupsFile: path.join(dir, 'watchdog.groups'),
    infoFile: path.join(dir, 'sandbox.json'),
  };
}

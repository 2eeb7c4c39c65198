-- Accounts, bearer tokens, workspaces (partnerships), memberships with roles, invites and the board catalogue.
-- One script for H2 2.x and PostgreSQL 15: portable types only (UUID, VARCHAR, TIMESTAMP WITH TIME ZONE, BOOLEAN),
-- no vendor functions, no defaults that differ between the two. The application supplies every id and timestamp.

CREATE TABLE accounts (
    id            UUID                     NOT NULL PRIMARY KEY,
    -- Stored lower-cased by the application, so a plain UNIQUE constraint is the case-insensitive uniqueness
    -- rule (portable, unlike an index on lower(email)). 254 = longest address SMTP can carry.
    email         VARCHAR(254)             NOT NULL,
    display_name  VARCHAR(100)             NOT NULL,
    password_hash VARCHAR(100)             NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT uq_accounts_email UNIQUE (email)
);

-- Only the SHA-256 of a token is kept (hex), so a leaked table does not leak working tokens.
CREATE TABLE api_tokens (
    token_hash VARCHAR(64)              NOT NULL PRIMARY KEY,
    account_id UUID                     NOT NULL REFERENCES accounts (id),
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_api_tokens_account ON api_tokens (account_id);

CREATE TABLE workspaces (
    id          UUID                     NOT NULL PRIMARY KEY,
    name        VARCHAR(200)             NOT NULL,
    description VARCHAR(2000)            NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by  UUID                     NOT NULL REFERENCES accounts (id)
);
CREATE INDEX ix_workspaces_created_by ON workspaces (created_by);

-- A role is a label on one membership, never on a person (DOMAIN.md "People and roles").
CREATE TABLE memberships (
    workspace_id UUID                     NOT NULL REFERENCES workspaces (id),
    account_id   UUID                     NOT NULL REFERENCES accounts (id),
    role         VARCHAR(20)              NOT NULL,
    joined_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    -- The primary key's leading column doubles as the index for workspace_id.
    PRIMARY KEY (workspace_id, account_id),
    CONSTRAINT ck_memberships_role
        CHECK (role IN ('OWNER', 'BROKER', 'ORIGINATOR', 'PARTNER', 'TRAINEE', 'MENTOR', 'OBSERVER'))
);
CREATE INDEX ix_memberships_account ON memberships (account_id);

-- Single-use invitation links; like api_tokens only the token's SHA-256 is stored.
CREATE TABLE invites (
    token_hash   VARCHAR(64)              NOT NULL PRIMARY KEY,
    workspace_id UUID                     NOT NULL REFERENCES workspaces (id),
    role         VARCHAR(20)              NOT NULL,
    created_by   UUID                     NOT NULL REFERENCES accounts (id),
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    used_at      TIMESTAMP WITH TIME ZONE,
    used_by      UUID                     REFERENCES accounts (id),
    -- OWNER is never granted by a link: ownership is handed over explicitly by an owner.
    CONSTRAINT ck_invites_role
        CHECK (role IN ('BROKER', 'ORIGINATOR', 'PARTNER', 'TRAINEE', 'MENTOR', 'OBSERVER'))
);
CREATE INDEX ix_invites_workspace ON invites (workspace_id);
CREATE INDEX ix_invites_created_by ON invites (created_by);
CREATE INDEX ix_invites_used_by ON invites (used_by);

-- The board catalogue; a board's content (op log, snapshots) lives in later migrations.
CREATE TABLE boards (
    id           UUID                     NOT NULL PRIMARY KEY,
    workspace_id UUID                     NOT NULL REFERENCES workspaces (id),
    title        VARCHAR(200)             NOT NULL,
    type         VARCHAR(50)              NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by   UUID                     NOT NULL REFERENCES accounts (id)
);
CREATE INDEX ix_boards_workspace ON boards (workspace_id);
CREATE INDEX ix_boards_created_by ON boards (created_by);

export interface DatasetModel {
  readonly id: string;
  readonly slug: string | null;
  readonly title: string;
  readonly description: string | null;
  readonly url: string | null;
  readonly organization: OrganizationModel | null;
  /** The user who publishes the dataset when no organization does. */
  readonly ownerId: string | null;
  readonly tags: readonly string[];
  readonly license: string | null;
  readonly frequency: string | null;
  readonly lastModified: string | null;
  readonly resources: readonly {
    readonly id: string;
    readonly title: string | null;
    readonly format: string | null;
    readonly url: string;
  }[];
  readonly communeCodes: readonly string[];
}

export interface DiscussionModel {
  readonly id: string;
  readonly title: string;
  readonly createdAt: string;
  readonly closedAt: string | null;
  readonly messages: readonly { readonly content: string; readonly postedOn: string; readonly author: string | null }[];
}

export interface OrganizationModel {
  readonly id: string;
  readonly name: string;
  readonly slug: string | null;
}

export interface UserModel {
  readonly id: string;
  readonly slug: string | null;
  readonly firstName: string | null;
  readonly lastName: string | null;
  readonly avatarUrl: string | null;
  readonly url: string | null;
}
